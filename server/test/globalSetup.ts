import { buildTemplate, dropTemplate } from "./support/testDb";

export async function setup() {
  await buildTemplate();
}

export async function teardown() {
  await dropTemplate();
}
