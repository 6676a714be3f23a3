import { expect } from "chai";
import { apiFields } from "../../../provider/resources/api-fields";
import { importGroupRequest } from "../../../provider/resources/group/sync";
import { importTopicRequest } from "../../../provider/resources/topic/sync";

describe("resources/api-fields", () => {
  it("renames the listed, defined properties and leaves out undefined and unlisted ones", () => {
    const inputs = { name: "Team", introduction: undefined, maxMemberCount: 0, local: "not sent" };
    expect(apiFields(inputs, { name: "Name", introduction: "Introduction", maxMemberCount: "MaxMemberCount" })).to.deep.equal({
      Name: "Team",
      MaxMemberCount: 0,
    });
  });

  it("builds import_group and import_topic requests that carry every declared field under its API name", () => {
    expect(
      importGroupRequest({
        type: "Community",
        name: "Guild",
        groupId: "@TGS#_guild",
        ownerAccount: "alice",
        introduction: "i",
        notification: "n",
        faceUrl: "https://f",
        maxMemberCount: 50_000,
        createTime: 1_600_000_000,
        supportTopic: true,
        appDefinedData: { k: "v" },
      }),
    ).to.deep.equal({
      Type: "Community",
      Name: "Guild",
      GroupId: "@TGS#_guild",
      Owner_Account: "alice",
      Introduction: "i",
      Notification: "n",
      FaceUrl: "https://f",
      MaxMemberCount: 50_000,
      CreateTime: 1_600_000_000,
      SupportTopic: 1,
      AppDefinedData: [{ Key: "k", Value: "v" }],
    });
    expect(importGroupRequest({ type: "Public", name: "P", applyJoinOption: "FreeAccess", supportTopic: false })).to.deep.equal({
      Type: "Public",
      Name: "P",
      ApplyJoinOption: "FreeAccess",
      SupportTopic: 0,
    });
    expect(
      importTopicRequest({
        groupId: "@TGS#_guild",
        topicName: "News",
        topicId: "@TGS#_guild@TOPIC#_news",
        fromAccount: "alice",
        createTime: 1_600_000_001,
        customString: "c",
        faceUrl: "https://t",
        notification: "n",
        introduction: "i",
        groupType: "Community",
        groupSupportTopic: true,
      }),
    ).to.deep.equal({
      GroupId: "@TGS#_guild",
      TopicName: "News",
      TopicId: "@TGS#_guild@TOPIC#_news",
      From_Account: "alice",
      CreateTime: 1_600_000_001,
      CustomString: "c",
      FaceUrl: "https://t",
      Notification: "n",
      Introduction: "i",
    });
  });
});
