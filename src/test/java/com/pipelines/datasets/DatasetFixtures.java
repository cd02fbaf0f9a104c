package com.pipelines.datasets;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

/** Small learnable datasets made by the tests: a table with numbers, a category and gaps; PNG class folders. */
public final class DatasetFixtures {

    private DatasetFixtures() {
    }

    /**
     * {@code rows} rows of {@code x1,x2,color,label}: the label is {@code low|mid|high} by x1 + x2 (+1 when the colour is
     * red), with about 5 % of x2 missing.
     */
    public static String csv(int rows, long seed) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("x1,x2,color,label\n");
        String[] colors = {"red", "green", "blue"};
        for (int i = 0; i < rows; i++) {
            double x1 = random.nextGaussian() * 2;
            double x2 = random.nextGaussian() * 3 + 10;
            String color = colors[random.nextInt(3)];
            double score = x1 + (x2 - 10) / 1.5 + (color.equals("red") ? 1 : 0);
            String label = score < -1 ? "low" : score < 1.5 ? "mid" : "high";
            boolean missing = random.nextInt(20) == 0;
            csv.append(String.format(java.util.Locale.ROOT, "%.4f,%s,%s,%s%n", x1,
                    missing ? "" : String.format(java.util.Locale.ROOT, "%.4f", x2), color, label));
        }
        return csv.toString();
    }

    /** A zip of {@code top/cat/*.png} (bright top half) and {@code top/dog/*.png} (bright bottom half), 8x8 gray. */
    public static byte[] imageZip(String top, int perClass, long seed) throws IOException {
        Random random = new Random(seed);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String label : new String[] {"cat", "dog"}) {
                for (int i = 0; i < perClass; i++) {
                    zip.putNextEntry(new ZipEntry((top == null ? "" : top + "/") + label + "/" + i + ".png"));
                    zip.write(png(label.equals("cat"), random, 8));
                    zip.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    public static byte[] png(boolean top, Random random, int size) throws IOException {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean bright = (y < size / 2) == top;
                int value = (bright ? 180 : 40) + random.nextInt(60);
                image.getRaster().setSample(x, y, 0, value);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A zip with the given entries and contents. */
    public static byte[] zip(String[] names, byte[][] contents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < names.length; i++) {
                zip.putNextEntry(new ZipEntry(names[i]));
                zip.write(contents[i]);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
