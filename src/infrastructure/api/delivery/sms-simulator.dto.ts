import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class SimulatedReplyDto {
  @ApiProperty({ example: '+12015550123' }) @IsString() @MaxLength(40) from!: string;
  @ApiProperty() @IsString() @MaxLength(1600) body!: string;
  @ApiPropertyOptional({
    description: 'Which of our sender numbers the student texted (default: the one our latest text to them came from)',
    example: '+12015550190',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;
}

export class SimulatedInvalidNumberDto {
  @ApiProperty({ example: '+12015550100' }) @IsString() @MaxLength(40) number!: string;
}

export class SimulatedReplyResponseDto {
  @ApiProperty({ example: 'SIM3f2a...' }) providerMessageId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Which of our numbers it reached' }) to!: string | null;
}
