import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { IdParam } from '../common/dto';
import { ApiData, ApiFile, ApiPage } from '../openapi/responses';
import {
  CampaignListQuery,
  ClaimWishDto,
  CompleteWishDto,
  CreateCampaignDto,
  DeliverWishDto,
  DeliveryPhotoDto,
  ListWishesQuery,
  PhotoPublicDto,
  PublishWishDto,
  WishReasonDto,
} from './dto/wish.dto';
import { CampaignsService } from './campaigns.service';
import { ClaimsService } from './claims.service';
import { WishesService } from './wishes.service';
import { sendFile } from '../common/send-file';
import { SharedPublicRead } from '../common/public-cache';

@ApiTags('wishes 微心愿')
@Controller('wishes')
export class WishesController {
  constructor(
    private readonly wishes: WishesService,
    private readonly claims: ClaimsService,
  ) {}

  @ApiPage('PublicWishView')
  @Public()
  @SharedPublicRead()
  @Get()
  list(@Query() q: ListWishesQuery) {
    return this.wishes.list({ nodeId: q.nodeId, status: q.status, campaignId: q.campaignId, limit: q.limit ?? 20, offset: q.offset ?? 0 });
  }

  @ApiData(['ClaimView'])
  @ApiBearerAuth()
  @Get('my-claims')
  myClaims(@CurrentUser() user: Principal) {
    return this.claims.myClaims(user);
  }

  /** Public; with a token, the active claimer also gets the delivery arrangements. */
  @ApiData('WishDetailView')
  @Public()
  @Get(':id')
  detail(@Param() { id }: IdParam, @Req() req: FastifyRequest) {
    return this.wishes.detail(req.principal, id);
  }

  @ApiData(['WishTimelineItem'])
  @Public()
  @Get(':id/timeline')
  timeline(@Param() { id }: IdParam) {
    return this.wishes.timeline(id);
  }

  @ApiFile('image/*', '送达照片（公开后可见）')
  @Public()
  @Get(':id/photo')
  async photo(@Param() { id }: IdParam, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const file = await this.wishes.photo(req.principal, id);
    sendFile(reply, file);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin', 'social_worker')
  @ApiData('PublicWishView')
  @Post()
  publish(@CurrentUser() user: Principal, @Body() dto: PublishWishDto) {
    return this.wishes.publish(user, dto);
  }

  @ApiBearerAuth()
  @ApiData('ClaimView')
  @Post(':id/claim')
  claim(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: ClaimWishDto) {
    return this.claims.claim(user, id, dto);
  }

  @ApiBearerAuth()
  @ApiData('PublicWishView')
  @Post(':id/claim/withdraw')
  withdrawClaim(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.claims.withdrawClaim(user, id);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin', 'social_worker')
  @ApiData('PublicWishView')
  @Post(':id/withdraw')
  withdraw(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: WishReasonDto) {
    return this.wishes.withdraw(user, id, dto.reason);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin', 'social_worker')
  @ApiData('PublicWishView')
  @Post(':id/deliver')
  deliver(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: DeliverWishDto) {
    return this.wishes.deliver(user, id, dto);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin', 'social_worker')
  @ApiData('PublicWishView')
  @Post(':id/complete')
  complete(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: CompleteWishDto) {
    return this.wishes.complete(user, id, dto);
  }

  /** The claimer (or staff) adds a delivery photo after the delivery; it stays private. */
  @ApiBearerAuth()
  @ApiData('PublicWishView')
  @Post(':id/delivery-photo')
  deliveryPhoto(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: DeliveryPhotoDto) {
    return this.wishes.addDeliveryPhoto(user, id, dto.photoUploadId);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin', 'social_worker')
  @ApiData('PublicWishView')
  @Post(':id/photo-public')
  photoPublic(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() dto: PhotoPublicDto) {
    return this.wishes.setPhotoPublic(user, id, dto.publish);
  }

  /** The beneficiary's name and address: covering staff only, every look audited. */
  @ApiBearerAuth()
  @Roles('staff', 'admin', 'social_worker')
  @ApiData('BeneficiaryView')
  @Get(':id/beneficiary')
  beneficiary(@CurrentUser() user: Principal, @Param() { id }: IdParam) {
    return this.wishes.beneficiary(user, id);
  }
}

@ApiTags('wishes 微心愿')
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @ApiData(['CampaignView'])
  @Public()
  @Get()
  list(@Query() q: CampaignListQuery) {
    return this.campaigns.campaigns(q.nodeId);
  }

  @ApiData('CampaignView')
  @Public()
  @Get(':id')
  get(@Param() { id }: IdParam) {
    return this.campaigns.campaign(id);
  }

  @ApiBearerAuth()
  @Roles('staff', 'admin')
  @ApiData('CampaignView')
  @Post()
  create(@CurrentUser() user: Principal, @Body() dto: CreateCampaignDto) {
    return this.campaigns.createCampaign(user, dto);
  }
}
