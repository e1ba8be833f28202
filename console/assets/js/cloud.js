// The clouds' GPU machine types and regions the product rents, and the Cloud / Type / Region
// controls that offer them. One place: the Machines page's rent form and the GPU pool's form
// both ask for a machine the way POST /api/instances validates it (`machine_spec`), so they
// offer the same choices. Regions are shared::app::instances' AWS_REGIONS and AZURE_REGIONS.

import { h, fill, select } from "./dom.js";

export const PROVIDERS = [["AWS", "AWS (EC2)"], ["AZURE", "Azure"]];
export const TYPES = {
  AWS: [["g5.xlarge", "g5.xlarge · A10G · $1.006/h"], ["g6.xlarge", "g6.xlarge · L4 · $0.805/h"], ["g4dn.xlarge", "g4dn.xlarge · T4 · $0.526/h"], ["g6e.xlarge", "g6e.xlarge · L40S · $1.861/h"]],
  AZURE: [["Standard_NC4as_T4_v3", "NC4as T4 v3 · T4 · $0.526/h"], ["Standard_NV12ads_A10_v5", "NV12ads A10 v5 · $0.908/h"], ["Standard_NC24ads_A100_v4", "NC24ads A100 v4 · $3.673/h"]],
};
export const REGIONS = {
  AWS: ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1"],
  AZURE: ["eastus", "eastus2", "westus2", "westus3", "northeurope", "westeurope"],
};

/** Options for a select; a value the list lacks (set through the API) is offered too, first. */
function options(list, value) {
  const all = value && !list.some(([v]) => v === value) ? [[value, value], ...list] : list;
  return all.map(([v, text]) => h("option", { value: v, selected: v === value }, text));
}

/**
 * Cloud, Type and Region selects (ids `${prefix}provider`, `${prefix}instance-type`,
 * `${prefix}region`), each in its own field wrapper; changing the cloud offers its types and
 * regions. `ids` maps the API's field names to the ids, for showing a problem's field errors.
 */
export function cloudFields(prefix = "") {
  const ids = { provider: `${prefix}provider`, instanceType: `${prefix}instance-type`, region: `${prefix}region` };
  const wrappers = {
    provider: h("div", {}, select(ids.provider, "Cloud", PROVIDERS, "AWS")),
    instanceType: h("div", {}, select(ids.instanceType, "Type", TYPES.AWS, TYPES.AWS[0][0])),
    region: h("div", {}, select(ids.region, "Region", REGIONS.AWS.map((r) => [r, r]), REGIONS.AWS[0])),
  };
  const [provider, type, region] = ["provider", "instanceType", "region"].map((k) => wrappers[k].querySelector("select"));
  const offer = (cloud, values = {}) => {
    fill(type, options(TYPES[cloud] ?? [], values.instanceType));
    fill(region, options((REGIONS[cloud] ?? []).map((r) => [r, r]), values.region));
  };
  provider.addEventListener("change", () => offer(provider.value));
  return {
    ids,
    wrappers: [wrappers.provider, wrappers.instanceType, wrappers.region],
    value: () => ({ provider: provider.value, instanceType: type.value, region: region.value }),
    set: (values) => {
      provider.value = values.provider;
      offer(values.provider, values);
    },
  };
}
