import { DnsCnameRecord } from "@cdktf/provider-azurerm/lib/dns-cname-record";
import { DnsTxtRecord } from "@cdktf/provider-azurerm/lib/dns-txt-record";
import { Construct } from "constructs";
import type { IDnsRecord, IDnsZone } from "../../lib/network/interfaces";

/**
 * A minimal public DNS zone for tests of constructs that add records (custom domains): each
 * record is a plain azurerm record resource under this construct, in zone `name` of resource
 * group `rg-dns`. The zone itself is not created.
 */
export class FakeDnsZone extends Construct implements IDnsZone {
  readonly id: string;
  readonly resourceGroupName = "rg-dns";

  constructor(
    scope: Construct,
    id: string,
    readonly name = "example.com",
  ) {
    super(scope, id);
    this.id = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dns/providers/Microsoft.Network/dnsZones/${name}`;
  }

  addCnameRecord(id: string, name: string, target: string, ttl = 3600): IDnsRecord {
    return new DnsCnameRecord(this, id, { name, zoneName: this.name, resourceGroupName: this.resourceGroupName, ttl, record: target });
  }

  addTxtRecord(id: string, name: string, values: readonly string[], ttl = 3600): IDnsRecord {
    return new DnsTxtRecord(this, id, { name, zoneName: this.name, resourceGroupName: this.resourceGroupName, ttl, record: values.map((value) => ({ value })) });
  }
}
