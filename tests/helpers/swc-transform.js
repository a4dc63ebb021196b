// One TypeScript/TSX transform for every jest project: decorators with metadata (NestJS,
// TypeORM, class-validator) and the automatic React runtime (client components).
module.exports = require('@swc/jest').createTransformer({
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', tsx: true, decorators: true },
    transform: {
      legacyDecorator: true,
      decoratorMetadata: true,
      useDefineForClassFields: false,
      react: { runtime: 'automatic' },
    },
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
});
