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
