import type { FastifyInstance } from 'fastify';

import { BotServices, type BotStatusReply, type GuildInfoReply } from '../../ipc/bot-contract';
import type { IpcConnection } from '../../ipc/connection';
import { BotStatusSchema, GetGuildSchema } from '../schemas/bot';

/**
 * Register `GET /api/guilds/:id` and `GET /api/bot/status`, both served by the bot over IPC. An IPC failure
 * becomes 503 (or 404 for an unknown guild) through the error handler, within `deadlineMs`.
 */
export function registerBotRoutes(app: FastifyInstance, ipc: IpcConnection, deadlineMs: number): void {
  app.get<{ Params: { id: string } }>('/api/guilds/:id', { schema: GetGuildSchema }, (request) =>
    ipc.request<GuildInfoReply>(BotServices.guildInfo, null, {
      guildId: request.params.id,
      deadlineMs,
      idempotent: true,
    }),
  );

  app.get('/api/bot/status', { schema: BotStatusSchema }, () =>
    ipc.request<BotStatusReply>(BotServices.status, null, { deadlineMs, idempotent: true }),
  );
}
