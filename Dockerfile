# The service for users who run containers. PostgreSQL comes from docker-compose.yml
# (DATABASE_URL), so the embedded PostgreSQL is not used here.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
EXPOSE 4000
USER node
CMD ["node", "dist/src/cli/start.js"]
