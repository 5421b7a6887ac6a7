import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsObject,
  IsBoolean,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateNested,
  ArrayMaxSize,
} from 'class-validator';

export class QuietHoursDto {
  @ApiProperty({ example: '08:00', description: "When texts may start going out (HH:MM, student's time zone)" })
  @IsString()
  @MaxLength(5)
  start!: string;
  @ApiProperty({ example: '21:00', description: 'When texts stop going out; must be after start' })
  @IsString()
  @MaxLength(5)
  end!: string;
}

/** The automatic answers' wording ({school} and {phone} are filled in); unset ones use the defaults. */
export class KeywordRepliesDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Lakeside Virtual Academy' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  schoolName!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '(555) 010-0200' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  helpPhone!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'STOP confirmation' })
  @IsOptional()
  @IsString()
  @Length(1, 320)
  stop?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'START confirmation' })
  @IsOptional()
  @IsString()
  @Length(1, 320)
  start?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'HELP/INFO answer: name the school, a phone number, "Msg & data rates may apply" and how to stop',
  })
  @IsOptional()
  @IsString()
  @Length(1, 320)
  help?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Answer (at most once a day) to a student no teacher has texted yet',
  })
  @IsOptional()
  @IsString()
  @Length(1, 320)
  noThread?: string | null;
}

export class DistrictSmsPolicyDto {
  @ApiProperty() @IsBoolean() smsAllowed!: boolean;
  @ApiProperty({ example: 'America/Chicago' }) @IsString() @MaxLength(64) timeZone!: string;
  @ApiProperty({
    type: QuietHoursDto,
    description: 'The window texts may go out in; outside it (the quiet hours) a text waits for the next start',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours!: QuietHoursDto;
  @ApiProperty({ example: ['school.org'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(253, { each: true })
  allowedLinkHosts!: string[];
  @ApiPropertyOptional({ type: KeywordRepliesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => KeywordRepliesDto)
  keywordReplies?: KeywordRepliesDto;
}
