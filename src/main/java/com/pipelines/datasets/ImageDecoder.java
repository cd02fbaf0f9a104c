package com.pipelines.datasets;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG and JPEG bytes with {@code javax.imageio} into 0–255 pixels, row-major, one byte per channel:
 * grayscale images as one channel, anything else as RGB (alpha dropped). The size is read from the header first,
 * so an image declaring billions of pixels is refused before a byte of it is allocated. Resizing is bilinear,
 * as Keras' {@code image_dataset_from_directory} does.
 */
final class ImageDecoder {

    static {
        ImageIO.setUseCache(false);
    }

    /** One decoded image: its size as found and its pixels (at {@code height × width} after any resize). */
    record Decoded(int height, int width, int channels, byte[] pixels, int sourceHeight, int sourceWidth) {
    }

    private final long maxPixels;

    ImageDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    /**
     * @param size {@code [height, width]} to resize to, or null to keep the image's own
     * @param name the image's path, for errors
     */
    Decoded decode(byte[] bytes, int[] size, String name) {
        BufferedImage image = read(bytes, name);
        int sourceHeight = image.getHeight();
        int sourceWidth = image.getWidth();
        boolean gray = image.getColorModel().getNumColorComponents() == 1;
        int height = size == null ? sourceHeight : size[0];
        int width = size == null ? sourceWidth : size[1];
        int type = gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR;
        BufferedImage target = image;
        if (image.getType() != type || height != sourceHeight || width != sourceWidth) {
            target = new BufferedImage(width, height, type);
            Graphics2D graphics = target.createGraphics();
            try {
                graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                graphics.drawImage(image, 0, 0, width, height, null);
            } finally {
                graphics.dispose();
            }
        }
        byte[] raster = ((java.awt.image.DataBufferByte) target.getRaster().getDataBuffer()).getData();
        byte[] pixels;
        if (gray) {
            pixels = raster.clone();
        } else {
            pixels = new byte[raster.length];
            for (int i = 0; i < raster.length; i += 3) {
                pixels[i] = raster[i + 2];
                pixels[i + 1] = raster[i + 1];
                pixels[i + 2] = raster[i];
            }
        }
        return new Decoded(height, width, gray ? 1 : 3, pixels, sourceHeight, sourceWidth);
    }

    private BufferedImage read(byte[] bytes, String name) {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = input == null ? null : ImageIO.getImageReaders(input);
            if (readers == null || !readers.hasNext()) {
                throw DatasetException.invalid("file", "Image " + name + " is not a PNG or JPEG image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw DatasetException.invalid("file", "Image " + name + " declares " + reader.getWidth(0) + "x"
                            + reader.getHeight(0) + " pixels, more than pipelines.datasets.max-image-pixels ("
                            + maxPixels + ")");
                }
                BufferedImage image = reader.read(0);
                if (image == null) {
                    throw DatasetException.invalid("file", "Image " + name + " does not decode");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DatasetException known) {
                throw known;
            }
            throw DatasetException.invalid("file", "Image " + name + " does not decode: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }
}
