# syntax=docker/dockerfile:1
# One image for every Kumiko workload. Each Kubernetes workload sets its own `command`, for example
# ["node_modules/.bin/tsx", "services/web/main.ts"]. TypeScript runs through tsx, so there is no build step.

FROM node:22-bookworm-slim AS dependencies
WORKDIR /app
# package.json overrides point some development-only packages at this directory, so npm ci needs it.
COPY test/support/empty-package ./test/support/empty-package
COPY package.json package-lock.json ./
# --ignore-scripts: no production dependency needs its install script at run time. zeromq ships prebuilt
# addons, and the @pulumi/* scripts would only try to download provider plugins.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
RUN groupadd --system --gid 10001 kumiko \
  && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin kumiko
# Files stay owned by root, so the service user can read but not change them.
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY services ./services
COPY scripts ./scripts
COPY migrations ./migrations
USER 10001:10001
# A harmless default. The real command comes from each workload.
CMD ["node", "--version"]
