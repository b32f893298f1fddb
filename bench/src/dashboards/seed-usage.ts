import { sql } from 'drizzle-orm'
import type { Database } from '@corral/core'

/**
 * Usage records at scale, written in SQL (`INSERT … SELECT generate_series`), a million per
 * statement: 200 users in ten groups (priorities 1–10, weights 1–3) with two keys each, eight models,
 * four backends, three endpoints, 2 % backend errors, 1 % clients that left, spread evenly over the
 * last 30 days. The rollups are then built by the same backfill an upgrade runs.
 */
export async function seedUsage(database: Database, records: number): Promise<number> {
  const run = (query: ReturnType<typeof sql>) => database.db.execute(query)
  const started = performance.now()
  await run(sql`
    insert into users.groups (name, priority, weight)
    select 'bench-team-' || g, 1 + g % 10, 1 + g % 3 from generate_series(0, 9) as g`)
  await run(sql`
    insert into users.users (username, username_key, group_id)
    select 'bench-user-' || u, 'bench-user-' || u,
      (select id from users.groups where name = 'bench-team-' || (u % 10))
    from generate_series(0, 199) as u`)
  await run(sql`
    insert into users.api_keys (user_id, name, prefix, secret_hash)
    select id, 'bench key ' || k, 'corral_sk_bench', 'bench-hash-' || username || '-' || k
    from users.users, generate_series(1, 2) as k where username like 'bench-user-%'`)
  await run(sql`
    create temporary table bench_people as
    select row_number() over (order by u.username) - 1 as i, u.id as user_id, u.group_id, g.priority,
      (select min(k.id::text) from users.api_keys k where k.user_id = u.id)::uuid as key_id
    from users.users u join users.groups g on g.id = u.group_id where u.username like 'bench-user-%'`)
  const chunk = 1_000_000
  for (let offset = 0; offset < records; offset += chunk) {
    const count = Math.min(chunk, records - offset)
    await run(sql`
      insert into users.usage_records (request_id, user_id, key_id, group_id, model, backend_id, endpoint, source,
        status, prompt_tokens, output_tokens, queue_wait_ms, time_to_first_token_ms, duration_ms, priority, error,
        finished_at)
      select 'bench-' || n, p.user_id, case when n % 5 = 0 then null else p.key_id end, p.group_id,
        (array['llama3.2:latest','qwen2.5:0.5b','qwen2.5:7b','mistral:7b','gemma2:9b','phi3:mini','llava:13b','nomic-embed-text'])[1 + n % 8],
        'bench-backend-' || (n % 4),
        (array['/api/chat','/api/generate','/v1/chat/completions'])[1 + n % 3], 'api',
        case when n % 50 = 0 then 502 when n % 97 = 0 then 499 else 200 end,
        10 + (n * 7919) % 2000, (n * 104729) % 1500,
        (power(random(), 3) * 60000)::int, case when n % 50 = 0 then null else 50 + (random() * 3000)::int end,
        200 + (random() * 30000)::int, p.priority, case when n % 50 = 0 then 'upstream failed' end,
        now() - random() * interval '30 days'
      from generate_series(${offset + 1}::bigint, ${offset + count}::bigint) as n
      join bench_people p on p.i = n % 200`)
    console.log(`  ${offset + count} records`)
  }
  const seeded = performance.now()
  await run(sql`analyze users.usage_records`)
  return (seeded - started) / 1000
}
