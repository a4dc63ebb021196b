import { createHash, timingSafeEqual } from 'node:crypto';
import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/decorators';
import { AppError, ErrorCode } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { UploadsService } from './uploads.service';

/** WeChat's 消息推送 signature: sha1 of the token, timestamp and nonce, sorted and joined. */
export function pushSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

/**
 * The 消息推送 (message push) endpoint configured in the mini-program's console: WeChat proves
 * the URL with a GET (echostr) and posts events as JSON, both signed with the configured token.
 * Today it takes the image content-check verdicts (event wxa_media_check). Anything unsigned,
 * wrongly signed or older than ten minutes is refused.
 */
@ApiExcludeController()
@Controller('wechat/push')
export class WechatPushController {
  constructor(
    private readonly uploads: UploadsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private verify(q: Record<string, unknown>): void {
    const [signature, timestamp, nonce] = [q.signature, q.timestamp, q.nonce].map((v) => (typeof v === 'string' ? v : ''));
    const fresh = /^\d{1,12}$/.test(timestamp) && Math.abs(Date.now() / 1000 - Number(timestamp)) < 600;
    const expected = Buffer.from(pushSignature(this.config.wechat.pushToken, timestamp, nonce));
    const given = Buffer.from(signature);
    if (!fresh || !nonce || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AppError(ErrorCode.FORBIDDEN, '消息推送签名无效');
    }
  }

  @Public()
  @Get()
  check(@Query() q: Record<string, unknown>, @Res() reply: FastifyReply) {
    this.verify(q);
    void reply.header('content-type', 'text/plain; charset=utf-8').send(typeof q.echostr === 'string' ? q.echostr : '');
  }

  @Public()
  @Post()
  async event(@Query() q: Record<string, unknown>, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    this.verify(q);
    if (body?.Event === 'wxa_media_check' && typeof body.trace_id === 'string') {
      const result = body.result as { suggest?: unknown } | undefined;
      await this.uploads.applyVerdict(body.trace_id, typeof result?.suggest === 'string' ? result.suggest : 'review');
    }
    void reply.code(200).header('content-type', 'text/plain; charset=utf-8').send('success');
  }
}
