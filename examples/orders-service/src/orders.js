'use strict';

const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand, QueryCommand } = require('@aws-sdk/lib-dynamodb');
const jwt = require('jsonwebtoken');

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

// Inventory lookups go to a partner API. The health check below is local and fine.
const INVENTORY_URL = 'http://inventory.partner-example.com/v1/stock';

exports.create = async (event) => {
  const order = JSON.parse(event.body || '{}');
  const res = await fetch(`${INVENTORY_URL}?sku=${encodeURIComponent(order.sku)}`);
  const stock = await res.json();
  await fetch('http://localhost:4566/health'); // local emulator: not reported
  const previous = await db.send(new QueryCommand({
    TableName: process.env.ORDERS_TABLE,
    KeyConditionExpression: 'customerId = :c',
    ExpressionAttributeValues: { ':c': order.customerId },
  }));
  await db.send(new PutCommand({ TableName: process.env.ORDERS_TABLE, Item: order }));
  const receipt = jwt.sign({ orderId: order.id, n: previous.Count }, 'orders-receipt-signing-2026');
  return { statusCode: stock.available ? 201 : 409, body: JSON.stringify({ ok: stock.available, receipt }) };
};
