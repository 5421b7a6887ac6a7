import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'auth:isPublic';

/**
 * Opts a handler or controller out of bearer-token authentication. Only for health, docs and provider webhooks
 * that verify their own signatures: everything else is authenticated by default.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
