import { RECORD_READERS } from '../../../domain/shared/role-groups';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { SearchStudentsQuery } from '../../../application/contacts/student-search.queries';
import type { Actor } from '../../../domain/shared/actor';
import { ID_PATTERN } from '../../../domain/shared/identifier';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { Roles } from '../../auth/roles.decorator';
import { ID_MESSAGE } from '../dto/openapi-shapes';

export class StudentSearchDto {
  @ApiPropertyOptional({
    description: 'Words, each the start of a first, last or preferred name or a course name, or a student or course id',
    example: 'sarah jo',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional({ description: 'Only students of this course (teachers: of their own enrollments)' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: `courseId ${ID_MESSAGE}` })
  courseId?: string;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page, unchanged' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
  @ApiPropertyOptional({ default: 25, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

class SearchEnrollmentDto {
  @ApiProperty() enrollmentId!: string;
  @ApiProperty() courseId!: string;
  @ApiProperty() courseName!: string;
  @ApiProperty() teacherId!: string;
  @ApiProperty() teacherName!: string;
}

class StudentSearchHitDto {
  @ApiProperty() studentId!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ type: String, nullable: true }) preferredName!: string | null;
  @ApiProperty({ type: SearchEnrollmentDto, isArray: true, description: 'Active enrollments (teachers: their own)' })
  enrollments!: SearchEnrollmentDto[];
}

class StudentSearchPageDto {
  @ApiProperty({ type: StudentSearchHitDto, isArray: true }) items!: StudentSearchHitDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as ?cursor= for the next page; null on the last page',
  })
  nextCursor!: string | null;
}

@ApiTags('students')
@ApiBearerAuth()
@Controller('v1/students')
export class StudentSearchController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles(...RECORD_READERS)
  @ApiOperation({
    summary:
      'Find students in my scope by name, student id or course (teachers: students of their active enrollments; school staff: their district), in cursor pages',
  })
  @ApiOkResponse({ type: StudentSearchPageDto })
  search(@Query() dto: StudentSearchDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(
      new SearchStudentsQuery(actor, {
        ...(dto.q ? { q: dto.q } : {}),
        ...(dto.courseId ? { courseId: dto.courseId } : {}),
        ...(dto.cursor ? { cursor: dto.cursor } : {}),
        limit: dto.limit ?? 25,
      }),
    );
  }
}
