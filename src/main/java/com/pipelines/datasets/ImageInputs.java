package com.pipelines.datasets;

/** Images sent to a model as PNG or JPEG bytes, decoded to the model's input: h × w × c pixels scaled to 0–1. */
public final class ImageInputs {

    private static final ImageDecoder DECODER = new ImageDecoder(50_000_000L);

    private ImageInputs() {
    }

    /**
     * Decodes, resizes to the model's height × width and converts to its channels; writes the 0–1 values into
     * {@code target} at {@code offset}. A bad image is an {@link IllegalArgumentException} saying why.
     */
    public static void decode(byte[] bytes, DatasetSchema.ImageShape shape, float[] target, int offset) {
        ImageDecoder.Decoded image;
        try {
            image = DECODER.decode(bytes, new int[] {shape.height(), shape.width()}, "b64");
        } catch (DatasetException e) {
            throw new IllegalArgumentException(e.getBody().getDetail().replace("Image b64 ", "the image "));
        }
        byte[] pixels = image.pixels();
        int n = shape.height() * shape.width();
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < shape.channels(); c++) {
                int source = image.channels() == 1 ? pixels[p] & 0xff
                        : shape.channels() == 1 ? gray(pixels, p * 3) : pixels[p * 3 + c] & 0xff;
                target[offset + p * shape.channels() + c] = source / 255f;
            }
        }
    }

    private static int gray(byte[] rgb, int at) {
        return Math.round(0.299f * (rgb[at] & 0xff) + 0.587f * (rgb[at + 1] & 0xff) + 0.114f * (rgb[at + 2] & 0xff));
    }
}
