import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/** Each file of a OneRoster CSV bundle as its text (the roster route accepts bodies up to 25 MB). */
const FILE_LIMIT = 20_000_000;

export class OneRosterFilesDto {
  @ApiProperty({ description: 'users.csv' }) @IsString() @MaxLength(FILE_LIMIT) users!: string;
  @ApiProperty({ description: 'classes.csv' }) @IsString() @MaxLength(FILE_LIMIT) classes!: string;
  @ApiProperty({ description: 'enrollments.csv' }) @IsString() @MaxLength(FILE_LIMIT) enrollments!: string;
  @ApiPropertyOptional({ description: 'demographics.csv (birth dates)' })
  @IsOptional()
  @IsString()
  @MaxLength(FILE_LIMIT)
  demographics?: string;
  @ApiPropertyOptional({ description: 'roles.csv (OneRoster 1.2)' })
  @IsOptional()
  @IsString()
  @MaxLength(FILE_LIMIT)
  roles?: string;
}

export class OneRosterImportDto {
  @ApiPropertyOptional({
    enum: ['bulk', 'delta'],
    default: 'bulk',
    description:
      'bulk: the whole truth for the classes and students it names (vanished enrollments end); delta: only what it contains',
  })
  @IsOptional()
  @IsIn(['bulk', 'delta'])
  mode?: 'bulk' | 'delta';
  @ApiProperty({ type: OneRosterFilesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => OneRosterFilesDto)
  files!: OneRosterFilesDto;
}
