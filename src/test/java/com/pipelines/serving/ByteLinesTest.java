package com.pipelines.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Lines as BufferedReader would give them, without decoding: \n and \r\n ends, lines of ASCII whitespace skipped. */
class ByteLinesTest {

    @Test
    void splitsOnNewlinesDropsCarriageReturnsAndSkipsBlankLines() throws IOException {
        String text = "[1]\r\n\n   \t\n{\"é\": 2}\n\u2003\n[3]";
        assertThat(lines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))
                .containsExactly("[1]", "{\"é\": 2}", "\u2003", "[3]");
        assertThat(ByteLines.count(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))).isEqualTo(4);
        assertThat(ByteLines.count(new ByteArrayInputStream("\n \r\n[1]".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(1);
        assertThat(lines(new ByteArrayInputStream(new byte[0]))).isEmpty();
        assertThat(lines(new ByteArrayInputStream("\n\n".getBytes(StandardCharsets.UTF_8)))).isEmpty();
    }

    @Test
    void theByteOrderMarkAWindowsEditorPutsFirstIsDroppedAndCountedAlike() throws IOException {
        byte[] file = "\ufeff[1]\r\n[2]\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(lines(new ByteArrayInputStream(file))).containsExactly("[1]", "[2]");
        byte[] markOnly = "\ufeff\r\n[2]\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(lines(new ByteArrayInputStream(markOnly))).containsExactly("[2]");
        assertThat(ByteLines.count(new ByteArrayInputStream(markOnly))).isEqualTo(1);
        byte[] later = "[1]\n\ufeff[2]\n".getBytes(StandardCharsets.UTF_8);
        assertThat(lines(new ByteArrayInputStream(later))).as("only a first mark is one")
                .containsExactly("[1]", "\ufeff[2]");
        assertThat(lines(new ByteArrayInputStream(new byte[] {(byte) 0xEF, (byte) 0xBB}))).hasSize(1);
    }

    @Test
    void aLineLongerThanTheBufferAndReadsThatStopShortAreWhole() throws IOException {
        String longLine = "[" + "0,".repeat(700_000) + "1]";
        byte[] text = ("[0]\n" + longLine + "\n[2]\n").getBytes(StandardCharsets.US_ASCII);
        InputStream trickle = new ByteArrayInputStream(text) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                return super.read(buffer, offset, Math.min(length, 1_000));
            }
        };
        assertThat(lines(trickle)).containsExactly("[0]", longLine, "[2]");
        assertThat(ByteLines.count(new ByteArrayInputStream(text))).isEqualTo(3);
    }

    @Test
    void eightBytesAStepFindTheFirstNewlineWhereverItIsAndWhateverSurroundsIt() throws IOException {
        // Bytes next to newline (0x09, 0x0B, 0x8A) and high bytes (UTF-8) are where a word-at-a-time test could slip.
        byte[] alphabet = {'\n', 0x09, 0x0B, (byte) 0x8A, (byte) 0x80, (byte) 0xFF, 0x00, '0', ',', '\r', ' '};
        java.util.Random random = new java.util.Random(11);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)]
                        : alphabet[1 + random.nextInt(alphabet.length - 1)];
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            int to = from + random.nextInt(bytes.length - from + 1);
            int expected = -1;
            for (int i = from; i < to && expected < 0; i++) {
                expected = bytes[i] == '\n' ? i : -1;
            }
            assertThat(ByteLines.indexOfNewline(bytes, from, to)).as(java.util.Arrays.toString(bytes) + " " + from
                    + ".." + to).isEqualTo(expected);
            if (round % 20 != 0) {
                continue;
            }
            // Counting splits the same lines as a String split does.
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            long expectedLines = java.util.Arrays.stream(text.split("\n", -1))
                    .filter(line -> !line.chars().allMatch(c -> c < 128 && Character.isWhitespace(c))).count();
            assertThat(ByteLines.count(new ByteArrayInputStream(bytes))).isEqualTo(expectedLines);
        }
    }

    private static List<String> lines(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        try (ByteLines reader = new ByteLines(in)) {
            for (byte[] line = reader.next(); line != null; line = reader.next()) {
                lines.add(new String(line, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }
}
