package netstack.ip.internal.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict pcapng reader for tests, written from draft-ietf-opsawg-pcapng and independent of {@link PcapngWriter}:
 * it walks every block of a single-section file and fails with {@link AssertionError} on anything the draft does not
 * allow or this writer must not do: a bad block frame (lengths not a multiple of 4, trailing length not equal to the
 * leading one, a block running past the end), bad options (overrunning, non-zero padding, {@code opt_endofopt} not
 * last, with a length, or missing: this writer always closes its options), packets referring to undescribed
 * interfaces, captured lengths above the snaplen or the original length, non-zero packet padding, or a block type
 * the writer does not emit.
 */
final class PcapngFile {

    record Option(int code, byte[] value) {
    }

    record Interface(int linkType, int snaplenBytes, String name, int tsresol) {
    }

    record Packet(int interfaceId, long timestampNanos, int capturedLength, int originalLength, long flags,
            byte[] data) {
        /** @return the direction bits of epb_flags, or -1 without the option */
        int direction() {
            return flags < 0 ? -1 : (int) (flags & 3);
        }
    }

    final ByteOrder order;
    final String userApplication;
    final List<Interface> interfaces = new ArrayList<>();
    final List<Packet> packets = new ArrayList<>();
    /** Block types in file order. */
    final List<Integer> blockTypes = new ArrayList<>();

    private PcapngFile(ByteBuffer file) {
        check(file.remaining() >= 28, "file shorter than a section header block: " + file.remaining());
        file.order(ByteOrder.LITTLE_ENDIAN);
        check(file.getInt(0) == 0x0A0D0D0A, "first block is not a section header");
        int magic = file.getInt(8);
        if (magic == 0x4D3C2B1A) {
            file.order(ByteOrder.BIG_ENDIAN);
        } else {
            check(magic == 0x1A2B3C4D, "bad byte-order magic " + Integer.toHexString(magic));
        }
        order = file.order();
        String appl = null;
        int position = 0;
        while (position < file.limit()) {
            check(file.limit() - position >= 12, "truncated block at " + position);
            int type = file.getInt(position);
            int total = file.getInt(position + 4);
            check(total >= 12 && total % 4 == 0, "block at " + position + ": bad total length " + total);
            check(total <= file.limit() - position, "block at " + position + " runs past the end");
            check(file.getInt(position + total - 4) == total, "block at " + position + ": trailing length "
                    + file.getInt(position + total - 4) + " != " + total);
            int body = position + 8;
            int bodyEnd = position + total - 4;
            blockTypes.add(type);
            switch (type) {
                case 0x0A0D0D0A -> {
                    check(position == 0, "a second section at " + position);
                    check(total >= 28, "short section header");
                    check(file.getShort(body + 4) == 1 && file.getShort(body + 6) == 0, "version not 1.0");
                    check(file.getLong(body + 8) == -1L, "section length is not 'unspecified'");
                    for (Option o : options(file, body + 16, bodyEnd, position)) {
                        if (o.code() == 4) {
                            appl = new String(o.value(), StandardCharsets.UTF_8);
                        }
                    }
                }
                case 1 -> {
                    check(total >= 20, "short interface description");
                    int linkType = file.getShort(body) & 0xFFFF;
                    check(file.getShort(body + 2) == 0, "IDB reserved field not zero");
                    int snaplen = file.getInt(body + 4);
                    String name = null;
                    int tsresol = 6; // the default: microseconds
                    for (Option o : options(file, body + 8, bodyEnd, position)) {
                        if (o.code() == 2) {
                            name = new String(o.value(), StandardCharsets.UTF_8);
                        } else if (o.code() == 9) {
                            check(o.value().length == 1, "if_tsresol length " + o.value().length);
                            tsresol = o.value()[0];
                        }
                    }
                    interfaces.add(new Interface(linkType, snaplen, name, tsresol));
                }
                case 6 -> {
                    check(total >= 32, "short enhanced packet block");
                    int id = file.getInt(body);
                    check(id >= 0 && id < interfaces.size(), "packet refers to undescribed interface " + id);
                    long ts = ((long) file.getInt(body + 4) << 32) | (file.getInt(body + 8) & 0xFFFFFFFFL);
                    int cap = file.getInt(body + 12);
                    int orig = file.getInt(body + 16);
                    Interface itf = interfaces.get(id);
                    check(cap >= 0 && (itf.snaplenBytes() == 0 || cap <= itf.snaplenBytes()),
                            "captured length " + cap + " above snaplen " + itf.snaplenBytes());
                    check(Integer.compareUnsigned(cap, orig) <= 0, "captured " + cap + " > original " + orig);
                    int data = body + 20;
                    int padded = (cap + 3) & ~3;
                    check(data + padded <= bodyEnd, "packet data runs past its block");
                    byte[] bytes = new byte[cap];
                    file.get(data, bytes);
                    for (int i = data + cap; i < data + padded; i++) {
                        check(file.get(i) == 0, "non-zero packet padding in block at " + position);
                    }
                    long flags = -1;
                    for (Option o : options(file, data + padded, bodyEnd, position)) {
                        if (o.code() == 2) {
                            check(o.value().length == 4, "epb_flags length " + o.value().length);
                            flags = ByteBuffer.wrap(o.value()).order(order).getInt() & 0xFFFFFFFFL;
                        }
                    }
                    packets.add(new Packet(id, ts, cap, orig, flags, bytes));
                }
                default -> throw new AssertionError("unexpected block type 0x" + Integer.toHexString(type)
                        + " at " + position);
            }
            position += total;
        }
        check(position == file.limit(), "trailing bytes");
        userApplication = appl;
    }

    static PcapngFile read(Path path) throws IOException {
        return new PcapngFile(ByteBuffer.wrap(Files.readAllBytes(path)));
    }

    static PcapngFile parse(byte[] bytes) {
        return new PcapngFile(ByteBuffer.wrap(bytes));
    }

    private List<Option> options(ByteBuffer file, int from, int end, int block) {
        List<Option> options = new ArrayList<>();
        int p = from;
        boolean ended = false;
        while (p < end) {
            check(!ended, "option after opt_endofopt in block at " + block);
            check(end - p >= 4, "truncated option header in block at " + block);
            int code = file.getShort(p) & 0xFFFF;
            int length = file.getShort(p + 2) & 0xFFFF;
            int padded = (length + 3) & ~3;
            check(p + 4 + padded <= end, "option " + code + " overruns block at " + block);
            if (code == 0) {
                check(length == 0, "opt_endofopt with length " + length);
                ended = true;
            } else {
                byte[] value = new byte[length];
                file.get(p + 4, value);
                for (int i = p + 4 + length; i < p + 4 + padded; i++) {
                    check(file.get(i) == 0, "non-zero option padding in block at " + block);
                }
                options.add(new Option(code, value));
            }
            p += 4 + padded;
        }
        check(options.isEmpty() || ended, "options without opt_endofopt in block at " + block);
        return options;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError("pcapng: " + message);
        }
    }
}
