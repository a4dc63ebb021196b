// babel-plugin-import's customName for NutUI React Taro (see the "babel" key in package.json):
// its component folders are lower-case without dashes (CellGroup → dist/es/packages/cellgroup),
// which the plugin's JSON options cannot express. package.json names this file by a path
// relative to node_modules/babel-plugin-import/lib, where the plugin requires it.
const lower = (name) => name.replace(/-/g, '').toLowerCase();
module.exports = (name) => `@nutui/nutui-react-taro/dist/es/packages/${lower(name)}`;
