import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PLACEHOLDERS } from '../../../domain/templates/placeholders';
import type { Template } from '../../../domain/templates/template-library';
import { TEMPLATE_PURPOSES, type TemplatePurpose, type TemplateScope } from '../../../domain/templates/template.events';

const BODY_DESCRIPTION =
  'The text; {firstName}, {className} and {teacherName} are filled in per student (nothing else can be)';

export class SaveTemplateDto {
  @ApiProperty({ example: 'Lab week reminder' }) @IsString() @MaxLength(200) title!: string;
  @ApiProperty({
    enum: TEMPLATE_PURPOSES,
    description: "Which of the seed's times to text it is for (worklists suggest by purpose)",
  })
  @IsIn(TEMPLATE_PURPOSES)
  purpose!: TemplatePurpose;
  @ApiProperty({
    description: BODY_DESCRIPTION,
    example: 'Hi {firstName}, lab week in {className} starts Monday. - {teacherName}',
  })
  @IsString()
  @MaxLength(5000)
  body!: string;
}

export class CreateTemplateDto extends SaveTemplateDto {
  @ApiPropertyOptional({
    enum: ['district', 'teacher'],
    description: 'district: the district library (school admin); teacher (default for teachers): your own',
  })
  @IsOptional()
  @IsIn(['district', 'teacher'])
  scope?: TemplateScope;
}

export class TemplateDto {
  @ApiProperty({ example: 'default-welcome' }) templateId!: string;
  @ApiProperty({ enum: ['district', 'teacher'] }) scope!: TemplateScope;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The teacher whose own template it is (null: the district library)',
  })
  ownerId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: TEMPLATE_PURPOSES }) purpose!: TemplatePurpose;
  @ApiProperty({ description: BODY_DESCRIPTION }) body!: string;
  @ApiProperty({ description: 'Saves so far (0: the built-in text, never changed)' }) version!: number;
  @ApiProperty({ enum: PLACEHOLDERS, isArray: true, description: 'The placeholders the body uses' })
  placeholders!: string[];
}

export class TemplateListDto {
  @ApiProperty({ type: [TemplateDto], description: 'The district library, then (teachers) your own templates' })
  templates!: TemplateDto[];
}

export class SavedTemplateDto extends TemplateDto {
  @ApiProperty({ description: 'false: it already read so, nothing recorded' }) changed!: boolean;
}

export class RetiredTemplateDto {
  @ApiProperty() templateId!: string;
  @ApiProperty({ enum: [true] }) retired!: true;
  @ApiProperty({ description: 'false: it was already retired' }) changed!: boolean;
}

export const toTemplateDto = (t: Template): TemplateDto => ({
  templateId: t.templateId,
  scope: t.scope,
  ownerId: t.ownerId,
  title: t.title,
  purpose: t.purpose,
  body: t.body,
  version: t.version,
  placeholders: PLACEHOLDERS.filter((p) => t.body.includes(`{${p}}`)),
});
