import { Module } from '@nestjs/common';
import { GetDistrictSmsPolicyHandler } from '../../../application/districts/get-district-sms-policy/get-district-sms-policy.handler';
import { SetDistrictSmsPolicyHandler } from '../../../application/districts/set-district-sms-policy/set-district-sms-policy.handler';
import { DistrictsController } from './districts.controller';

/** Districts: a district's SMS policy (texting on or off, time zone, quiet hours, allowed link hosts, answers). */
@Module({
  controllers: [DistrictsController],
  providers: [SetDistrictSmsPolicyHandler, GetDistrictSmsPolicyHandler],
})
export class DistrictsModule {}
