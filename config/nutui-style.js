// babel-plugin-import's customStyleName for NutUI React Taro: each component's own CSS only.
const lower = (name) => name.replace(/-/g, '').toLowerCase();
module.exports = (name) => `@nutui/nutui-react-taro/dist/es/packages/${lower(name)}/style/css`;
