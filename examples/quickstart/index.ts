import { ImportedGroup } from "pulumi-tencent-chat";

// Configure the provider first (see the README):
//   pulumi config set tencent-chat:sdkAppId 1400000000
//   pulumi config set tencent-chat:endpoint http://127.0.0.1:<port>   # or tencent-chat:region singapore
//   pulumi config set --secret tencent-chat:secretKey <key>
const group = new ImportedGroup("general", {
  type: "Public",
  name: "General 综合",
  introduction: "Imported from our old chat system",
  createTime: 1448357837,
  appDefinedData: { legacy_id: "C01" },
});

export const groupId = group.groupId;
