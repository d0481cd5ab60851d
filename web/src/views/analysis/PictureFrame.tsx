import type { ReactNode } from 'react';
import type { ImageState } from './use-image';

type Props = { image: ImageState; alt: string; missingLabel: string; className?: string; children?: ReactNode };

/**
 * A picture with overlays laid exactly over it (zones, boxes, the zone editor). When the picture is
 * missing, a grey box of the same shape stands in, so overlays still have a surface.
 */
export function PictureFrame({ image, alt, missingLabel, className, children }: Props) {
  return (
    <div className={`picture${className ? ` ${className}` : ''}`} style={{ aspectRatio: `${image.width} / ${image.height}` }}>
      {image.status === 'ok' && image.src ? (
        <img src={image.src} alt={alt} draggable={false} />
      ) : (
        <div className="picture-missing" aria-hidden={image.status === 'loading'}>
          {image.status === 'missing' && <span>{missingLabel}</span>}
        </div>
      )}
      {children}
    </div>
  );
}
