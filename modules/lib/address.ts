import type { TerraformResource } from "cdktf";

/**
 * Gives a resource a fixed Terraform address (`<type>.<logicalId>`) that does not depend on where its construct
 * sits in the tree, so refactors never turn into destroy/create. Must run before anything reads `.fqn`, i.e.
 * right after the resource is created.
 */
export function pinAddress<T extends TerraformResource>(resource: T, logicalId: string): T {
  resource.overrideLogicalId(toLogicalId(logicalId));
  return resource;
}

/** Stateful resource: fixed address and `prevent_destroy`. */
export function protect<T extends TerraformResource>(resource: T, logicalId: string): T {
  pinAddress(resource, logicalId);
  resource.lifecycle = { ...(resource.lifecycle ?? {}), preventDestroy: true };
  return resource;
}

/** Terraform identifiers: letters, digits, '_' and '-', not starting with a digit. */
export function toLogicalId(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[0-9]/.test(id) ? `_${id}` : id;
}
