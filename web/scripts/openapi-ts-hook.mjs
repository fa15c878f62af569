// Module resolution hook for gen-api.mjs: openapi-typescript's `typescript` is TypeScript 5.
export async function resolve(specifier, context, next) {
  if (specifier === 'typescript' && context.parentURL?.includes('/node_modules/openapi-typescript/')) return next('typescript-for-openapi', context);
  return next(specifier, context);
}
