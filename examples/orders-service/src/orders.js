'use strict';

// Inventory lookups go to a partner API. The health check below is local and fine.
const INVENTORY_URL = 'http://inventory.partner-example.com/v1/stock';

exports.create = async (event) => {
  const order = JSON.parse(event.body || '{}');
  const res = await fetch(`${INVENTORY_URL}?sku=${encodeURIComponent(order.sku)}`);
  const stock = await res.json();
  await fetch('http://localhost:4566/health'); // local emulator: not reported
  return { statusCode: stock.available ? 201 : 409, body: JSON.stringify({ ok: stock.available }) };
};
