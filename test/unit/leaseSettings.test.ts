import { configFromEnv, resolveConfig } from '../../engine/runtime/config';
import { DEFAULT_DELIVERY_LEASE_MS } from '../../engine/webhooks/dispatcher';

describe('the delivery lease setting', () => {
	it('is 30 s unless set, taken in seconds from SIGNFLOW_DELIVERY_LEASE_S', () => {
		expect(resolveConfig(configFromEnv({})).deliveryLeaseMs).toBe(DEFAULT_DELIVERY_LEASE_MS);
		expect(DEFAULT_DELIVERY_LEASE_MS).toBe(30_000);
		expect(resolveConfig(configFromEnv({ SIGNFLOW_DELIVERY_LEASE_S: '2.5' })).deliveryLeaseMs).toBe(2500);
	});

	it('refuses a lease too short to renew (under 0.3 s), saying which setting', () => {
		expect(() => resolveConfig(configFromEnv({ SIGNFLOW_DELIVERY_LEASE_S: '0.1' }))).toThrow(/deliveryLeaseMs/);
	});
});
