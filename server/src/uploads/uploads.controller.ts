import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { IsString, Matches } from 'class-validator';
import { IdParam } from '../common/dto';
import { Label } from '../common/validation';
import { ApiData, ApiFile } from '../openapi/responses';
import { UploadsService } from './uploads.service';
import { sendFile } from '../common/send-file';

class MediaParams extends IdParam {
  @Label('签名')
  @IsString()
  @Matches(/^[0-9a-f]{32}$/)
  signature: string;
}

@ApiTags('uploads 照片')
@Controller('uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @ApiBearerAuth()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary', description: 'JPG、PNG 或 WebP 照片' } } } })
  @ApiData('PhotoView')
  @Post()
  upload(@CurrentUser() user: Principal, @Req() req: FastifyRequest) {
    return this.uploads.receive(user, req);
  }

  /** Public route with optional login: a photo of a public need needs no token; others do. */
  @Public()
  @ApiFile('image/*', '照片（JPG、PNG 或 WebP）')
  @Get(':id')
  async file(@Param() { id }: IdParam, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const file = await this.uploads.open(req.principal, id);
    sendFile(reply, file);
  }

  /** For WeChat's image check only: the photo at a signed address (no login). */
  @Public()
  @ApiFile('image/*', '照片（供微信内容安全检查拉取）')
  @Get(':id/media/:signature')
  async media(@Param() { id, signature }: MediaParams, @Res() reply: FastifyReply) {
    sendFile(reply, await this.uploads.mediaForCheck(id, signature));
  }

  /** Whether my photo passed WeChat's image check yet (审核中 until it does). */
  @ApiBearerAuth()
  @ApiData('UploadCheck')
  @Get(':id/check')
  check(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.uploads.checkOf(user, id);
  }

  /** The list thumbnail (WebP, long edge 320 px), under the same rules as the photo. */
  @Public()
  @ApiFile('image/webp', '照片缩略图')
  @Get(':id/thumb')
  async thumb(@Param() { id }: IdParam, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    sendFile(reply, await this.uploads.open(req.principal, id, true));
  }
}
