# One image for every erphub role: `erphub api | worker | all | simulate-erp`.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund
COPY . .
ENV NODE_ENV=production
ENTRYPOINT ["bin/erphub"]
CMD ["all"]
