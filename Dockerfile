# The service for users who run containers. PostgreSQL comes from docker-compose.yml
# (DATABASE_URL is required here: the embedded PostgreSQL is not in the image).
# Two stages: the build has the dev dependencies (TypeScript, codegen, Vite) and compiles src/ and web/;
# the runtime has the production dependencies, the compiled service and the files it reads.
# Size: README, "Containers".

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci applies patches/ (patch-package, postinstall)
COPY patches patches
# Optional dependencies included: the pages' bundler (Vite) has its native binding as one.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json codegen.config.cjs schema.graphql ./
COPY scripts scripts
COPY src src
# The pages (web/, built into dist/web by the same build).
COPY web web
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci applies patches/ (patch-package, postinstall)
COPY patches patches
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force
# What the service reads at start-up besides node_modules: the schema, GraphiQL's tabs, the seed article.
COPY schema.graphql ./
COPY operations operations
COPY seed seed
COPY --from=build /app/dist/src dist/src
COPY --from=build /app/dist/web dist/web
EXPOSE 4000
USER node
CMD ["node", "dist/src/cli/start.js"]
