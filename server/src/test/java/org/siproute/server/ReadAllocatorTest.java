package org.siproute.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.UnpooledByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.ChannelConfig;
import io.grpc.netty.shaded.io.netty.channel.RecvByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/**
 * --max-read-bytes as Netty applies it to each connection: however much a client has sent, one
 * read per turn of the event loop, of at most the bound, so the answers to one read are written
 * before the next is taken in. Netty's own default is up to 16 reads of up to 64 KiB per turn,
 * and its buffer grows after every read that fills it: this drives the allocator as Netty's read
 * loop does, with every read filling its buffer, for many turns.
 */
class ReadAllocatorTest {
  @Test
  void aConnectionIsReadOncePerTurnAndNeverMoreThanTheBoundEvenWhenEveryReadFillsItsBuffer() {
    for (int bound : new int[] {1024, 16 * 1024, 65_536, 1024 * 1024}) {
      RecvByteBufAllocator.ExtendedHandle reads =
          (RecvByteBufAllocator.ExtendedHandle) SiprouteServer.readAllocator(bound).newHandle();
      ChannelConfig config = new EmbeddedChannel().config();
      int largest = 0;
      for (int turn = 0; turn < 100; turn++) {
        reads.reset(config);
        int readsThisTurn = 0;
        do {
          ByteBuf buffer = reads.allocate(UnpooledByteBufAllocator.DEFAULT);
          largest = Math.max(largest, buffer.writableBytes());
          assertThat(buffer.writableBytes()).as("read size at bound %s, turn %s", bound, turn).isLessThanOrEqualTo(bound);
          reads.attemptedBytesRead(buffer.writableBytes());
          reads.lastBytesRead(buffer.writableBytes());
          reads.incMessagesRead(1);
          readsThisTurn++;
          buffer.release();
        } while (reads.continueReading() && readsThisTurn < 100);
        reads.readComplete();
        assertThat(readsThisTurn).as("reads per turn at bound %s", bound).isEqualTo(1);
      }
      assertThat(largest).as("reads grow to the bound when they fill their buffer").isEqualTo(bound);
    }
  }
}
