import { z } from 'zod'
import { SegmentConditionSchema } from '../segment-rules'

const Day = z.iso.date()
const Sku = z.string().trim().min(1).max(200)
const Quantity = z
  .string()
  .regex(/^\d+(\.\d{1,6})?$/, 'expected a positive decimal with at most 6 decimals, such as "2" or "0.5"')
  .refine((q) => Number(q) > 0, 'must be more than 0')

export const OfferSchema = z
  .object({
    sku: Sku,
    /** The expected share of mailed targets that order it. */
    responseRate: z.number().min(0).max(1),
    quantityPerResponse: Quantity,
  })
  .strict()

/** How targets are ranked before the budget's cut: best first. */
export const RANKINGS = ['rfm', 'monetary', 'frequency', 'recency'] as const

/**
 * The selection funnel as data, run in this order: eligibility (who may be mailed at all: country,
 * a postal address, …), behaviour (what they did: bought from category X in the last N months),
 * exclusions (contact pressure: mailed by another campaign lately, members of a segment), then the
 * ranking and the cut to `maxTargets`, then the random control group.
 */
export const SelectionSchema = z
  .object({
    eligibility: z.array(SegmentConditionSchema).max(20).default([]),
    behaviour: z.array(SegmentConditionSchema).max(20).default([]),
    exclude: z
      .object({
        segments: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
        /** Leave out customers mailed (treated) by another launched campaign within this many days before this mail date. */
        mailedWithinDays: z.int().min(1).max(365).optional(),
      })
      .strict()
      .default({ segments: [] }),
    ranking: z.enum(RANKINGS).default('rfm'),
  })
  .strict()

/** The fields as given, without defaults: a partial update must not reset what it does not name. */
const CampaignFields = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().trim().max(2000).optional(),
    mailDate: Day,
    promiseDate: Day,
    responseWindowDays: z.int().min(1).max(365),
    controlShare: z.number().min(0).max(0.9),
    maxTargets: z.int().min(1).max(1_000_000),
    offers: z.array(OfferSchema).min(1).max(20),
    selection: SelectionSchema,
  })
  .strict()

const promiseAfterMail = (c: { mailDate?: string; promiseDate?: string }) => c.mailDate === undefined || c.promiseDate === undefined || c.promiseDate >= c.mailDate
const promiseIssue = { message: 'the promise date must not be before the mail date', path: ['promiseDate'] }

export const CampaignCreateSchema = CampaignFields.extend({
  responseWindowDays: CampaignFields.shape.responseWindowDays.default(60),
  controlShare: CampaignFields.shape.controlShare.default(0.1),
  maxTargets: CampaignFields.shape.maxTargets.optional(),
  selection: SelectionSchema.default({ eligibility: [], behaviour: [], exclude: { segments: [] }, ranking: 'rfm' }),
}).refine(promiseAfterMail, promiseIssue)
export type CampaignCreate = z.infer<typeof CampaignCreateSchema>

export const CampaignUpdateSchema = CampaignFields.extend({ maxTargets: CampaignFields.shape.maxTargets.nullable() }).partial().strict()
export type CampaignUpdate = z.infer<typeof CampaignUpdateSchema>

export type Selection = z.infer<typeof SelectionSchema>
export type Offer = z.infer<typeof OfferSchema>

export const FunnelPreviewSchema = z.object({ selection: SelectionSchema, maxTargets: z.int().min(1).max(1_000_000).optional(), mailDate: Day.optional() }).strict()

export const LaunchSchema = z
  .object({
    /** Launch although the last stock check found a shortfall (the marketer accepts it). */
    acceptShortfall: z.boolean().default(false),
  })
  .strict()
