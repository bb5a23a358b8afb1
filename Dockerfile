# porthole's Slack app as a container: built in one stage, run from production dependencies only, as a non-root user.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The prepare script compiles TypeScript, which needs the sources: install without scripts, then build.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The build compiles each edition of data/ into dist/editions/ (snapshots that skip YAML and zod at start-up).
COPY data ./data
RUN npm run build

FROM node:20-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY data ./data
COPY manifest.yml ./
RUN groupadd --system --gid 10001 porthole && useradd --system --uid 10001 --gid porthole --home-dir /app porthole
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--max-old-space-size=160", "dist/slack/main.js"]
