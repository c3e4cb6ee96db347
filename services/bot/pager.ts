import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  MessageFlags,
  type ButtonInteraction,
  type RepliableInteraction,
} from 'discord.js';

import type { Logger } from '../logging/logger';
import type { PagedView, Reply } from './reply';
import { toEditOptions } from './respond';

/** Prefix of the custom ids of pager buttons: `pager:<session>:<target page index>`. */
export const PagerPrefix = 'pager:';

/** Options of {@link Pager}. */
export interface PagerOptions {
  /** Time after which the buttons of a message are disabled. */
  ttlMs: number;
}

export const DefaultPagerOptions = { ttlMs: 120_000 } as const satisfies Required<PagerOptions>;

interface PagerSession {
  view: PagedView;
  ownerId: string;
  timer: NodeJS.Timeout;
}

/**
 * Previous and Next buttons for replies that span pages. Sessions live in this process's memory, which is
 * enough because a message's button clicks reach the shard, and so the process, that sent it. When a
 * session expires its buttons are disabled through the original interaction, whose token lasts 15 minutes.
 */
export class Pager {
  private readonly sessions = new Map<string, PagerSession>();
  private readonly settings: Required<PagerOptions>;

  constructor(
    private readonly render: (view: PagedView, pageIndex: number) => Promise<Reply>,
    private readonly logger: Logger,
    options: Partial<PagerOptions> = {},
  ) {
    this.settings = { ...DefaultPagerOptions, ...options };
  }

  /** Number of pager sessions still open. */
  get openSessions(): number {
    return this.sessions.size;
  }

  /** Start a session for a paged reply and return its buttons, or no buttons for a single page. */
  open(interaction: RepliableInteraction, reply: Reply): Array<ActionRowBuilder<ButtonBuilder>> {
    if (!reply.paging || reply.paging.pageCount <= 1) return [];

    const sessionId = interaction.id;
    const timer = setTimeout(() => void this.expire(sessionId, interaction, reply), this.settings.ttlMs);
    timer.unref();
    this.sessions.set(sessionId, { view: reply.paging.view, ownerId: interaction.user.id, timer });
    return pagerButtons(sessionId, reply.paging.pageIndex, reply.paging.pageCount, false);
  }

  /** Tell whether a button belongs to a pager. */
  static owns(customId: string): boolean {
    return customId.startsWith(PagerPrefix);
  }

  /** Show the page a button points to, or tell the user the buttons expired or are not theirs. */
  async handleButton(interaction: ButtonInteraction): Promise<void> {
    const [, sessionId = '', target = ''] = interaction.customId.split(':');
    const session = this.sessions.get(sessionId);
    if (!session) {
      await interaction.reply({
        content: 'These buttons have expired. Run the command again to see the latest results.',
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    if (session.ownerId !== interaction.user.id) {
      await interaction.reply({
        content: 'Only the person who ran the command can turn its pages.',
        flags: MessageFlags.Ephemeral,
      });
      return;
    }

    const reply = await this.render(session.view, Math.max(0, Number(target) || 0));
    const paging = reply.paging ?? { pageIndex: 0, pageCount: 1 };
    const buttons = pagerButtons(sessionId, paging.pageIndex, paging.pageCount, false);
    await interaction.update(toEditOptions(reply, buttons));
  }

  /** Forget every session and cancel its expiry, at shutdown. Buttons left enabled then report expiry on click. */
  closeAll(): void {
    for (const session of this.sessions.values()) clearTimeout(session.timer);
    this.sessions.clear();
  }

  private async expire(sessionId: string, interaction: RepliableInteraction, first: Reply): Promise<void> {
    this.sessions.delete(sessionId);
    const paging = first.paging ?? { pageIndex: 0, pageCount: 1 };
    try {
      await interaction.editReply({
        components: pagerButtons(sessionId, paging.pageIndex, paging.pageCount, true),
      });
    } catch (error) {
      this.logger.warn({ err: error, interactionId: sessionId }, 'disabling expired pager buttons failed');
    }
  }
}

function pagerButtons(
  sessionId: string,
  pageIndex: number,
  pageCount: number,
  expired: boolean,
): Array<ActionRowBuilder<ButtonBuilder>> {
  const previous = new ButtonBuilder()
    .setCustomId(`${PagerPrefix}${sessionId}:${pageIndex - 1}`)
    .setLabel('Previous')
    .setStyle(ButtonStyle.Secondary)
    .setDisabled(expired || pageIndex <= 0);
  const next = new ButtonBuilder()
    .setCustomId(`${PagerPrefix}${sessionId}:${pageIndex + 1}`)
    .setLabel('Next')
    .setStyle(ButtonStyle.Secondary)
    .setDisabled(expired || pageIndex >= pageCount - 1);
  return [new ActionRowBuilder<ButtonBuilder>().addComponents(previous, next)];
}
