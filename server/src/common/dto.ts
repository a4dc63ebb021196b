import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { Label } from './validation';

/** `/:id` route parameters. */
export class IdParam {
  @Label('编号', { type: Number })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  id: number;
}
