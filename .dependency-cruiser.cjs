/**
 * The layers of src/, checked by `npm test` (issue 16): entities, db, then pagination and
 * the schema's errors below loaders and services; resolvers above them, the request
 * context below both resolvers and http; only the command line starts the server.
 * Type-only imports count: a type drags its module's layer along.
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Modules that import each other cannot be read, tested or moved one at a time.', from: { path: '^src' }, to: { circular: true } },
    { name: 'resolvers-not-entities-or-db', severity: 'error', comment: 'Resolvers reach data through loaders and services (and row types through the generated mappers).', from: { path: '^src/resolvers' }, to: { path: '^src/(entities|db)/' } },
    { name: 'db-not-services-or-loaders', severity: 'error', comment: 'The database layer is below the domain and the loaders.', from: { path: '^src/db' }, to: { path: '^src/(services|loaders)/' } },
    { name: 'entities-only-typeorm', severity: 'error', comment: 'Entities are table definitions: TypeORM and each other, nothing else.', from: { path: '^src/entities' }, to: { pathNot: ['^src/entities/', 'node_modules/typeorm/'] } },
    { name: 'only-cli-starts-http', severity: 'error', comment: 'The server is started by the command line; nothing else depends on it.', from: { path: '^src', pathNot: '^src/(cli|http)/' }, to: { path: '^src/http/' } },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
  },
};
