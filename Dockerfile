# The application image: worker, API and one-shot migrations share it (see docker-compose.yml).
FROM node:20.19-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The Prisma client is generated at build time; the workflow bundle is prebuilt so workers start fast.
RUN npm run db:generate && npm run bundle
ENV NODE_ENV=production
USER node
CMD ["npm", "run", "worker"]
