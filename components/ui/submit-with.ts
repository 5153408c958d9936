import { startTransition, type FormEvent } from "react";
import { formDataBytes, largestFormEntry, MAX_REQUEST_BODY_BYTES, PAYLOAD_TOO_LARGE_MESSAGE } from "@/lib/http/body-limit";

/**
 * Room left for the multipart framing of a server action body (boundaries, part headers, Next's `1_` key
 * prefixes), in bytes: a form whose entries take more than MAX_REQUEST_BODY_BYTES minus this is not sent.
 */
export const FORM_FRAMING_ALLOWANCE_BYTES = 64 * 1024;

/**
 * Builds an `onSubmit` handler that sends a form to a `useActionState` action without the browser's
 * native submit: it calls `preventDefault()`, reads the form's fields into a `FormData` and dispatches
 * `formAction(data)` inside `startTransition` (so the action's `pending` flag is set). Unlike the
 * `action` prop, React does not reset the form afterwards, so a refused save keeps what the user typed.
 * A form too large for the server (MAX_REQUEST_BODY_BYTES, which it would refuse with 413 and the page
 * would show as an error) is not sent: the largest field shows PAYLOAD_TOO_LARGE_MESSAGE as its validity
 * message until it is edited (an alert when that field cannot show one).
 *
 * @param formAction the dispatch function returned by `useActionState` (takes the form's FormData).
 * @returns a handler for `<form onSubmit={...}>`; it throws nothing itself.
 */
export function submitWith(formAction: (data: FormData) => void): (event: FormEvent<HTMLFormElement>) => void {
  return (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    if (formDataBytes(data) > MAX_REQUEST_BODY_BYTES - FORM_FRAMING_ALLOWANCE_BYTES) {
      showTooLarge(form, largestFormEntry(data));
      return;
    }
    startTransition(() => formAction(data));
  };
}

function showTooLarge(form: HTMLFormElement, fieldName: string | null): void {
  const field = fieldName === null ? null : form.elements.namedItem(fieldName);
  if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) {
    field.setCustomValidity(PAYLOAD_TOO_LARGE_MESSAGE);
    field.reportValidity();
    field.addEventListener("input", () => field.setCustomValidity(""), { once: true });
    return;
  }
  window.alert(PAYLOAD_TOO_LARGE_MESSAGE);
}
