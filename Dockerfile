# The application image: worker, API and one-shot migrations share it (see docker-compose.yml).
FROM node:20.19-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The Prisma client is generated at build time; the workflow bundle is prebuilt so workers start fast,
# and the CLI is compiled to JavaScript (`npm ci` above ran before the sources were copied in).
RUN npm run db:generate && npm run bundle && npm run build
ENV NODE_ENV=production
USER node
CMD ["npm", "run", "worker"]
