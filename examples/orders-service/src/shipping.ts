import axios from 'axios';

const shipping = axios.create({ baseURL: 'http://shipping.partner-example.com/api' });

export async function notify(event: { orderId: string }): Promise<void> {
  await shipping.post('/notifications', { orderId: event.orderId });
  // Documentation link, never requested: not reported.
  console.log('see http://docs.partner-example.com/shipping for the payload format');
}
