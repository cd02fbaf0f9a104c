package com.pipelines.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Reads images laid out as Keras' {@code image_dataset_from_directory} reads them: {@code class_name/*.png|jpg},
 * from a zip or a folder, also when everything sits in one top folder (as zipping a folder does). Class names are
 * the folder names, sorted. Images decode on every core; a dataset is grayscale unless any image has colour.
 */
final class ImageFolderReader {

    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    private final DatasetsProperties limits;
    private final ImageDecoder decoder;

    ImageFolderReader(DatasetsProperties limits) {
        this.limits = limits;
        this.decoder = new ImageDecoder(limits.maxImagePixels());
    }

    /** A named image whose bytes can be read. */
    record Item(String path, String className, Function<String, byte[]> bytes) {
    }

    ParsedData read(Path source, DatasetOptions options) throws IOException {
        if (Files.isDirectory(source)) {
            List<String> names;
            try (Stream<Path> walk = Files.walk(source)) {
                names = walk.filter(Files::isRegularFile).map(p -> source.relativize(p).toString().replace('\\', '/'))
                        .sorted().toList();
            }
            return read(items(names, name -> {
                try {
                    return Files.readAllBytes(source.resolve(name));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }), options, null);
        }
        try (SafeZip zip = SafeZip.open(source, limits)) {
            java.util.Map<String, SafeZip.Entry> byName = new java.util.HashMap<>();
            zip.files().forEach(entry -> byName.put(entry.name(), entry));
            List<String> names = byName.keySet().stream().sorted().toList();
            return read(items(names, name -> zip.read(byName.get(name))), options, null);
        }
    }

    /** Labels each image path by its class folder; anything that is not an image in a class folder is refused. */
    static List<Item> items(List<String> names, Function<String, byte[]> bytes) {
        List<String> images = names.stream().filter(ImageFolderReader::relevant).toList();
        if (images.isEmpty()) {
            throw DatasetException.invalid("file", "No images found: expected class_name/image.png (or .jpg) "
                    + "entries, as Keras' image_dataset_from_directory reads them");
        }
        String top = commonTop(images);
        List<Item> items = new ArrayList<>();
        for (String name : images) {
            String inner = top == null ? name : name.substring(top.length() + 1);
            String[] parts = inner.split("/");
            if (parts.length != 2) {
                throw DatasetException.invalid("file", "Image " + name + " is not in a class folder: expected "
                        + "class_name/image.png" + (top == null ? "" : " below " + top + "/"));
            }
            items.add(new Item(name, parts[0], bytes));
        }
        return items;
    }

    private static boolean relevant(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String file = lower.substring(lower.lastIndexOf('/') + 1);
        if (lower.startsWith("__macosx/") || file.startsWith(".")) {
            return false;
        }
        if (EXTENSIONS.stream().noneMatch(lower::endsWith)) {
            throw DatasetException.invalid("file", "Entry " + name + " is not a .png, .jpg or .jpeg image");
        }
        return true;
    }

    /** The one folder every image sits in at depth three ({@code top/class/image}), or null. */
    private static String commonTop(List<String> names) {
        String first = names.get(0);
        int slash = first.indexOf('/');
        if (slash < 0 || first.split("/").length != 3) {
            return null;
        }
        String top = first.substring(0, slash);
        boolean all = names.stream().allMatch(n -> n.startsWith(top + "/") && n.split("/").length == 3);
        return all ? top : null;
    }

    /** Decodes every item (in parallel) into one pixel array; {@code splits} may preset each item's split. */
    ParsedData read(List<Item> items, DatasetOptions options, byte[] splits) {
        List<String> classNames = List.copyOf(new TreeSet<>(items.stream().map(Item::className).toList()));
        if (classNames.size() < 2) {
            throw DatasetException.invalid("file", "The images form one class only (" + classNames
                    + "); a classifier needs at least two class folders");
        }
        if (classNames.size() > limits.maxClasses()) {
            throw DatasetException.invalid("file", "The images form " + classNames.size() + " classes; at most "
                    + limits.maxClasses() + " are allowed (pipelines.datasets.max-classes)");
        }
        int[] size = options.imageShape();
        ImageDecoder.Decoded[] decoded = new ImageDecoder.Decoded[items.size()];
        try {
            IntStream.range(0, items.size()).parallel().forEach(i -> {
                Item item = items.get(i);
                decoded[i] = decoder.decode(item.bytes().apply(item.path()), size, item.path());
            });
        } catch (UncheckedIOException e) {
            throw DatasetException.invalid("file", "An image cannot be read: " + e.getCause().getMessage());
        }
        ImageDecoder.Decoded first = decoded[0];
        int channels = 1;
        for (int i = 0; i < decoded.length; i++) {
            ImageDecoder.Decoded image = decoded[i];
            if (size == null && (image.height() != first.height() || image.width() != first.width())) {
                throw DatasetException.invalid("imageSize", "Image " + items.get(i).path() + " is "
                        + image.sourceWidth() + "x" + image.sourceHeight() + " (width x height) but "
                        + items.get(0).path() + " is " + first.sourceWidth() + "x" + first.sourceHeight()
                        + ": give imageSize to resize them all, or make them the same size");
            }
            channels = Math.max(channels, image.channels());
        }
        int pixelsPerImage = first.height() * first.width() * channels;
        if ((long) pixelsPerImage * decoded.length > Integer.MAX_VALUE - 8) {
            throw DatasetException.invalid("file", decoded.length + " images of " + pixelsPerImage
                    + " values are more than one dataset may hold; give a smaller imageSize");
        }
        byte[] pixels = new byte[pixelsPerImage * decoded.length];
        int[] labels = new int[decoded.length];
        for (int i = 0; i < decoded.length; i++) {
            byte[] source = decoded[i].pixels();
            int offset = i * pixelsPerImage;
            if (decoded[i].channels() == channels) {
                System.arraycopy(source, 0, pixels, offset, pixelsPerImage);
            } else {
                for (int p = 0; p < source.length; p++) {
                    pixels[offset + 3 * p] = source[p];
                    pixels[offset + 3 * p + 1] = source[p];
                    pixels[offset + 3 * p + 2] = source[p];
                }
            }
            labels[i] = classNames.indexOf(items.get(i).className());
            decoded[i] = null;
        }
        byte[] preset = splits;
        if (preset == null) {
            preset = new byte[decoded.length];
            Arrays.fill(preset, (byte) -1);
        }
        return new ParsedData(DatasetSchema.IMAGE, List.of(),
                new DatasetSchema.ImageShape(first.height(), first.width(), channels), pixels, null, labels,
                classNames, preset, "class");
    }
}
