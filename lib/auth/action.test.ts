import { describe, expect, it } from "vitest";
import { ChangeStateError } from "../changes/service-types";
import { PlanError } from "../changes/types";
import { DeviceServiceError } from "../devices/errors";
import { ActionError, formDataToObject, toActionError } from "./action";

// defineAction itself needs Next's request scope (getCurrentUser reads the session from headers()), so
// its two pure parts are tested here; the e2e specs exercise the whole wrapper through real actions.

describe("toActionError", () => {
  it("returns an ActionError as is, with its field errors", () => {
    const err = new ActionError("Name taken.", { name: ["Name taken."] });
    expect(toActionError(err)).toBe(err);
    expect(toActionError(err, [DeviceServiceError])).toBe(err);
  });

  it("turns an instance of an expected class into an ActionError with its message and field errors", () => {
    const shown = toActionError(new DeviceServiceError("A device with this name exists.", { name: ["Already used."] }), [DeviceServiceError]);
    expect(shown).toBeInstanceOf(ActionError);
    expect(shown?.message).toBe("A device with this name exists.");
    expect(shown?.fieldErrors).toEqual({ name: ["Already used."] });
  });

  it("maps an expected class without field errors to a message only", () => {
    const shown = toActionError(new ChangeStateError("The change is APPLIED, not PENDING."), [PlanError, ChangeStateError]);
    expect(shown).toBeInstanceOf(ActionError);
    expect(shown?.message).toBe("The change is APPLIED, not PENDING.");
    expect(shown?.fieldErrors).toBeUndefined();
  });

  it("maps subclasses of an expected class", () => {
    class NameTaken extends DeviceServiceError {}
    expect(toActionError(new NameTaken("taken", { name: ["taken"] }), [DeviceServiceError])?.fieldErrors).toEqual({ name: ["taken"] });
  });

  it("returns null for anything not expected: other classes, plain errors, non-errors, and with no list", () => {
    expect(toActionError(new PlanError("bad plan"), [DeviceServiceError])).toBeNull();
    expect(toActionError(new DeviceServiceError("x"))).toBeNull();
    expect(toActionError(new TypeError("x is undefined"), [DeviceServiceError, PlanError])).toBeNull();
    expect(toActionError("a string", [DeviceServiceError])).toBeNull();
    expect(toActionError(undefined, [DeviceServiceError])).toBeNull();
  });
});

describe("formDataToObject", () => {
  it("keeps single keys as strings, repeated keys as arrays, files as their names, and drops Next's $ACTION keys", () => {
    const form = new FormData();
    form.append("name", "core-1");
    form.append("tags", "edge");
    form.append("tags", "paris");
    form.append("cert", new File(["x"], "ca.pem"));
    form.append("$ACTION_ID_abc", "");
    form.append("$ACTION_REF_1", "");
    expect(formDataToObject(form)).toEqual({ name: "core-1", tags: ["edge", "paris"], cert: "ca.pem" });
  });

  it("returns an empty object for an empty form", () => {
    expect(formDataToObject(new FormData())).toEqual({});
  });
});
