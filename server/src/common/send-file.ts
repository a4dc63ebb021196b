import type { FastifyReply } from 'fastify';

/**
 * Sends a file the server made or stored: its type (never sniffed), cached publicly for a day
 * only when anyone may see it (else private, no-store), and with a file name when it is a
 * document to keep (inline: opened in place, like a certificate; otherwise a download).
 */
export function sendFile(reply: FastifyReply, file: { mime: string; body: Buffer; isPublic?: boolean; filename?: string; inline?: boolean }): void {
  void reply.header('Content-Type', file.mime);
  if (file.filename) void reply.header('Content-Disposition', `${file.inline ? 'inline' : 'attachment'}; filename="${file.filename}"`);
  void reply
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', file.isPublic ? 'public, max-age=86400' : 'private, no-store')
    .send(file.body);
}
