/** OpenAPI shape of the preview route's answer: the content guard's verdict, with suggestions when blocked. */
import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONTENT_CATEGORIES } from '../../../domain/content-policy';

export class ContentViolationDto {
  @ApiProperty({ enum: CONTENT_CATEGORIES }) category!: string;
  @ApiProperty({ description: 'UTF-16 index of the span in the body (0 for an attachment)' }) start!: number;
  @ApiProperty({ description: 'Exclusive end of the span' }) end!: number;
  @ApiProperty({
    example: 'Grade: "18/20" gives a grade. Don\'t text grades; ask the student to check the gradebook or call.',
  })
  message!: string;
  @ApiPropertyOptional({
    description: 'What to do instead (present when the draft is blocked)',
    example: 'Replace the grade with "check your grade in the portal".',
  })
  suggestion?: string;
}

export class ContentPreviewDto {
  @ApiProperty() allowed!: boolean;
  @ApiProperty({ type: [ContentViolationDto] }) violations!: ContentViolationDto[];
  @ApiPropertyOptional({
    enum: ['en', 'es', 'mixed'],
    description: 'Language the guard read the draft in, by sentence (present when blocked)',
  })
  language?: string;
  @ApiPropertyOptional({
    description: 'The draft with every violation replaced; it passes the guard itself (present when blocked)',
    example: 'Hi Sarah, you got check your grade in the portal on the vocab quiz. - Mrs. Bell',
  })
  suggestedRewrite?: string;
}

export const ApiContentPreviewResponse = (): MethodDecorator =>
  applyDecorators(ApiOkResponse({ type: ContentPreviewDto, description: 'The verdict; nothing is sent' }));
