import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REVISION } from '../dto/openapi-shapes';

export class DistrictPolicyResponseDto {
  @ApiProperty() districtId!: string;
  @ApiProperty() changed!: boolean;
  @ApiProperty({ ...REVISION, description: "The district policy stream's revision after the write" }) revision!:
    string | null;
}

class PolicySetByDto {
  @ApiProperty() id!: string;
  @ApiProperty() role!: string;
  @ApiProperty({ type: String, nullable: true }) initials!: string | null;
}

class PolicyQuietHoursDto {
  @ApiProperty({ example: '08:00' }) start!: string;
  @ApiProperty({ example: '21:00' }) end!: string;
}

class PolicyKeywordRepliesDto {
  @ApiProperty({ type: String, nullable: true }) schoolName!: string | null;
  @ApiProperty({ type: String, nullable: true }) helpPhone!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) stop?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) start?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) help?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) noThread?: string | null;
}

export class DistrictSmsPolicyResponseDto {
  @ApiProperty() districtId!: string;
  @ApiProperty() smsAllowed!: boolean;
  @ApiProperty({ example: 'America/Chicago' }) timeZone!: string;
  @ApiProperty({ type: PolicyQuietHoursDto, description: "The window texts may go out in, in the student's time zone" })
  quietHours!: PolicyQuietHoursDto;
  @ApiProperty({ type: String, isArray: true }) allowedLinkHosts!: string[];
  @ApiPropertyOptional({
    type: PolicyKeywordRepliesDto,
    description: 'Absent: the default answers (README, automatic answers)',
  })
  keywordReplies?: PolicyKeywordRepliesDto;
  @ApiProperty({ description: "The district stream's revision (decimal string)", example: '2' }) revision!: string;
  @ApiProperty({ format: 'date-time' }) setAt!: string;
  @ApiProperty({ type: PolicySetByDto }) setBy!: PolicySetByDto;
}
