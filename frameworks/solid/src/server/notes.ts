import { createServerFn } from '@tanstack/solid-start'
import { adminFn, notesFn } from './builders'

const notes: string[] = ['first note']

export const getNotes = createServerFn({ method: 'GET' }).handler(async () => ({ notes }))

export const addNote = notesFn
  .validator((input: { text: string }) => ({ text: String(input.text).slice(0, 200) }))
  .handler(async ({ data }) => {
    notes.push(data.text)
    return { count: notes.length }
  })

export const getAuditLog = adminFn.handler(async () => ({ entries: notes.length, source: 'audit log read on the server' }))
