import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** Generate the OpenAPI document from the route schemas and serve it with Swagger UI at /docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Kumiko API',
        description: 'Read-only public API of the Kumiko marketplace, economy and bot.',
        version: '1.0.0',
      },
      tags: [
        { name: 'listings', description: 'Marketplace listings' },
        { name: 'users', description: 'Public profiles and the leaderboard' },
        { name: 'bot', description: 'Live data from the bot, over IPC' },
        { name: 'events', description: 'Server-Sent Events' },
      ],
    },
  });
  // staticCSP sets a Content-Security-Policy that lets the UI's own scripts run under helmet.
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
}
