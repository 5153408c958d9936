import { startTransition, type FormEvent } from "react";

/**
 * Builds an `onSubmit` handler that sends a form to a `useActionState` action without the browser's
 * native submit: it calls `preventDefault()`, reads the form's fields into a `FormData` and dispatches
 * `formAction(data)` inside `startTransition` (so the action's `pending` flag is set). Unlike the
 * `action` prop, React does not reset the form afterwards, so a refused save keeps what the user typed.
 *
 * @param formAction the dispatch function returned by `useActionState` (takes the form's FormData).
 * @returns a handler for `<form onSubmit={...}>`; it throws nothing itself.
 */
export function submitWith(formAction: (data: FormData) => void): (event: FormEvent<HTMLFormElement>) => void {
  return (event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
}
