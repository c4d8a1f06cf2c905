# One image for the API and both workers; docker-compose.yml picks the command. Production runs the
# compiled JavaScript in dist/ (`npm run build`); only the demo seed still runs from its TypeScript source.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
CMD ["node", "--max-semi-space-size=16", "--max-old-space-size=384", "dist/api/start.js"]
