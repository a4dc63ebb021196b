import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';
import { Label } from '../common/validation';
import type { ActivitySignupInput } from '../contract/volunteers';
import { MORE_TEMPLATE_KEYS } from '../notifications/notifications.service';

/** Body of a sign-up: the subscribe messages the volunteer accepted just before (activity reminders). */
export class SignupBodyDto implements ActivitySignupInput {
  @Label('已同意的订阅消息', { required: false, enum: MORE_TEMPLATE_KEYS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(MORE_TEMPLATE_KEYS, { each: true })
  subscribed?: string[];
}
